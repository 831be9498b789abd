import { Dialog } from '../ui/dialog.tsx';

const shortcuts: [string, string][] = [
  ['Drag a step from the left', 'add it where you drop it (or click it to add it in the middle)'],
  ['Drag from a right-hand dot to a left-hand dot', 'connect two steps'],
  ['Click / Shift+click / Shift+drag', 'select one / several steps'],
  ['Delete or Backspace', 'delete the selected steps or connections'],
  ['Ctrl+C, Ctrl+V', 'copy and paste the selected steps'],
  ['Ctrl+Z', 'undo'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'redo'],
  ['Ctrl+S', 'save the draft'],
  ['Scroll / drag the background', 'zoom / move around'],
];

/** The keyboard and mouse shortcuts of the canvas. */
export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {shortcuts.map(([keys, action]) => (
            <tr key={keys}>
              <th>{keys}</th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
