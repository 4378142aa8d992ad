// After a page change the person should see the new rows from their start: when the top of
// `element` has scrolled out of view (above the sticky header), it is brought back. Its CSS
// `scroll-margin-top` keeps it clear of that header.
export function revealTop(element: HTMLElement): void {
  const margin = Number.parseFloat(getComputedStyle(element).scrollMarginTop) || 0;
  if (element.getBoundingClientRect().top < margin) {
    element.scrollIntoView({ block: 'start' });
  }
}
