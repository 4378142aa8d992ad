// What a key pressed in the users grid does (the ARIA grid pattern): arrows move one cell,
// Home/End to the row's ends (with Ctrl, the grid's), Page Up/Down ten rows, Enter opens the
// row, `c` (or Ctrl/⌘+C) copies the cell. Pure, so the keys can be tested without a page.

export interface GridPosition {
  row: number;
  col: number;
}

export type GridAction =
  | { kind: 'move'; to: GridPosition }
  | { kind: 'open' }
  | { kind: 'copy' }
  | { kind: 'none' };

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

const PAGE_ROWS = 10;

export function gridAction(
  press: KeyPress,
  at: GridPosition,
  size: { rows: number; cols: number },
): GridAction {
  if (size.rows === 0 || press.altKey) return { kind: 'none' };
  const command = Boolean(press.ctrlKey || press.metaKey);
  const clamp = (row: number, col: number): GridAction => ({
    kind: 'move',
    to: {
      row: Math.min(size.rows - 1, Math.max(0, row)),
      col: Math.min(size.cols - 1, Math.max(0, col)),
    },
  });
  switch (press.key) {
    case 'ArrowDown':
      return clamp(at.row + 1, at.col);
    case 'ArrowUp':
      return clamp(at.row - 1, at.col);
    case 'ArrowRight':
      return clamp(at.row, at.col + 1);
    case 'ArrowLeft':
      return clamp(at.row, at.col - 1);
    case 'Home':
      return clamp(command ? 0 : at.row, 0);
    case 'End':
      return clamp(command ? size.rows - 1 : at.row, size.cols - 1);
    case 'PageDown':
      return clamp(at.row + PAGE_ROWS, at.col);
    case 'PageUp':
      return clamp(at.row - PAGE_ROWS, at.col);
    case 'Enter':
      return command || press.shiftKey ? { kind: 'none' } : { kind: 'open' };
    case 'c':
    case 'C':
      return { kind: 'copy' };
    default:
      return { kind: 'none' };
  }
}
