import { useEditor } from '../store/editor-state.ts';
import { formatTime } from '../ui/format.ts';
import { cancelListening, listenForTestEvent, useTestListener } from './test-event-listener.ts';

/** The "Listen for a test event" button, its waiting state with Cancel, and what was captured last. */
export function ListenForTestEvent() {
  const flowId = useEditor((state) => state.flowId);
  const ownFlow = useTestListener((state) => state.flowId === flowId);
  const phase = useTestListener((state) => state.phase);
  const expiresAt = useTestListener((state) => state.expiresAt);
  const capturedAt = useTestListener((state) => state.capturedAt);
  const waiting = ownFlow && phase !== 'idle';
  return (
    <div className="test-listener" data-testid="test-listener">
      {waiting ? (
        <div className="listening-row" role="status">
          <span className="listening-dot" aria-hidden="true" />
          <span>
            {phase === 'starting' ? 'Opening the test URL…' : `Waiting for a request to the test URL${expiresAt === null ? '' : ` (until ${formatTime(expiresAt)})`}…`}
          </span>
          <button type="button" className="small-button" onClick={() => void cancelListening()}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="primary-button" onClick={() => void listenForTestEvent()}>
          Listen for a test event
        </button>
      )}
      {ownFlow && capturedAt !== null && !waiting && (
        <p className="field-help" data-testid="test-event-captured">
          Captured a request at {formatTime(capturedAt)}: it is the event in the Test run tab.
        </p>
      )}
    </div>
  );
}
