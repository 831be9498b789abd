export { fetchHttpPort } from './fetch-http-port.ts';
export { type LoopbackHandler, type LoopbackReply, type LoopbackServer, type ReceivedRequest, startLoopbackServer } from './loopback-server.ts';
export { NodeWaitingError, type RunNodeOptions, runNode, testExecution, testNodeId } from './run-node.ts';
export { type TestCredential, testCredentialsPort } from './test-credentials.ts';
