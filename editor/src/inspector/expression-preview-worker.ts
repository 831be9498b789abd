import { evaluatePreview } from './expression-evaluate.ts';
import type { PreviewRequest, PreviewResponse } from './expression-preview-client.ts';

// Previews run here, off the page's thread, so that an expression that never finishes (a regular
// expression that backtracks without end, which JSONata's own timeout cannot interrupt) costs the
// editor this worker, which the page then replaces, instead of the tab.
globalThis.addEventListener('message', (event: MessageEvent<PreviewRequest>) => {
  const { id, source, bindings } = event.data;
  void evaluatePreview(source, bindings).then((outcome) => {
    const response: PreviewResponse = { id, outcome };
    globalThis.postMessage(response);
  });
});
