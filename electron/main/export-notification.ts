// The OS notification that tells a person who turned to another window that a long export
// finished or stopped. It comes from the main process (Electron's Notification): the page
// holds no notification permission. The backend decides when; this says it in the person's
// language. Clicking it brings the window back.
import { type BrowserWindow, Notification } from 'electron';
import type { ExportNotice } from '../backend/platform.ts';
import { exportNotificationText } from './export-notification-text.ts';
import type { ShellStrings } from './shell-strings.ts';

/** Whether the app's window has the focus (a minimised or hidden window does not). */
export function windowFocused(window: BrowserWindow | null): boolean {
  return window !== null && !window.isDestroyed() && window.isFocused();
}

// Held until shown and closed: a notification that is collected loses its click handler.
const shown = new Set<Notification>();

/** Shows the notification unless the OS cannot, or the window has the focus after all. */
export function showExportNotification(
  notice: ExportNotice,
  window: BrowserWindow | null,
  strings: ShellStrings,
): void {
  if (!Notification.isSupported() || windowFocused(window)) return;
  const notification = new Notification(exportNotificationText(strings, notice));
  shown.add(notification);
  notification.on('click', () => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
  });
  notification.on('close', () => shown.delete(notification));
  notification.show();
}
