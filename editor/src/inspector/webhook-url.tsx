import { ListenForTestEvent } from '../run/listen-for-test-event.tsx';
import { showNotice, useEditor } from '../store/editor-state.ts';

/** The webhook trigger's two addresses: the live URL that runs the published flow, and the test URL that only captures a sample. */
export function WebhookUrl({ path }: { path: string }) {
  const flowId = useEditor((state) => state.flowId);
  const published = useEditor((state) => state.publishedVersion);
  const suffix = `${encodeURIComponent(flowId ?? '')}${path === '' ? '' : `/${path}`}`;
  const liveUrl = `${window.location.origin}/hooks/${suffix}`;
  const testUrl = `${window.location.origin}/hooks-test/${suffix}`;
  return (
    <div className="info-box webhook-urls">
      <div className="field-head">
        <strong>Webhook URL</strong>
        <span className={published === null ? 'pill pill-draft' : 'pill pill-live'}>{published === null ? 'not live yet' : `live · v${published}`}</span>
      </div>
      <CopyRow url={liveUrl} testId="webhook-url" label="webhook URL" />
      <p className="field-help">
        {published === null ? 'Publish the flow to turn this URL on.' : 'Requests to this URL run the published version of the flow.'}
      </p>
      <div className="field-head">
        <strong>Test URL</strong>
      </div>
      <CopyRow url={testUrl} testId="webhook-test-url" label="test URL" />
      <p className="field-help">
        Nothing runs here: while you listen, the first request to this URL is captured as the flow's test event, with the draft's settings.
      </p>
      <ListenForTestEvent />
    </div>
  );
}

function CopyRow({ url, testId, label }: { url: string; testId: string; label: string }) {
  const copy = () => {
    navigator.clipboard.writeText(url).then(
      () => showNotice({ kind: 'info', text: `Copied the ${label}.` }),
      () => showNotice({ kind: 'info', text: `The browser did not allow copying; the ${label} is ${url}` }),
    );
  };
  return (
    <div className="copy-row">
      <code data-testid={testId}>{url}</code>
      <button type="button" className="small-button" aria-label={`Copy the ${label}`} onClick={copy}>
        Copy
      </button>
    </div>
  );
}
