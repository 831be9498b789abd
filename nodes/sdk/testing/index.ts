export { fetchHttpPort } from './fetch-http-port.ts';
export { type LoopbackHandler, type LoopbackReply, type LoopbackServer, type ReceivedRequest, startLoopbackServer } from './loopback-server.ts';
export { type RunNodeOptions, runNode, testExecution, testNodeId } from './run-node.ts';
