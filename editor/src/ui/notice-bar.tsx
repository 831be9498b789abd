import { showNotice, useEditor } from '../store/editor-state.ts';

/** The latest message about what just happened (saved, refused, failed), until dismissed or replaced. */
export function NoticeBar() {
  const notice = useEditor((state) => state.notice);
  if (notice === null) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => showNotice(null)}>
        ✕
      </button>
    </div>
  );
}
