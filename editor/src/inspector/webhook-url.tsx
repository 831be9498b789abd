import { useEditor } from '../store/editor-state.ts';

/** The address outside systems call; it answers only once the flow is published. */
export function WebhookUrl({ path }: { path: string }) {
  const flowId = useEditor((state) => state.flowId);
  const published = useEditor((state) => state.publishedVersion);
  const url = `${window.location.origin}/hooks/${flowId ?? ''}${path === '' ? '' : `/${path}`}`;
  return (
    <div className="info-box">
      <div className="field-head">
        <strong>Webhook URL</strong>
        <span className={published === null ? 'pill pill-draft' : 'pill pill-live'}>{published === null ? 'not live yet' : `live · v${published}`}</span>
      </div>
      <div className="copy-row">
        <code data-testid="webhook-url">{url}</code>
        <button type="button" className="small-button" onClick={() => void navigator.clipboard?.writeText(url)}>
          Copy
        </button>
      </div>
      <p className="field-help">
        {published === null ? 'Publish the flow to turn this URL on.' : 'Requests to this URL run the published version of the flow.'}
      </p>
    </div>
  );
}
