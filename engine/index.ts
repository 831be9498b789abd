export { createEngine, type Engine, type EngineOptions, type Validation } from './engine.ts';
export {
  AuthError,
  CodeRunError,
  ConflictError,
  NodeRunError,
  NotFoundError,
  type StepError,
  ValidationError,
  WeftError,
} from './errors.ts';
export { type ExpressionLimits, defaultExpressionLimits, isExpression, EXPRESSION_PREFIX } from './expressions/expression.ts';
export { canonicalFlow, serializeFlow } from './flow/canonical.ts';
export {
  FLOW_FORMAT_VERSION,
  type FlowDocument,
  type FlowDocumentInput,
  type FlowEdge,
  type FlowNode,
  type FlowSettings,
  type RetryPolicy,
  flowDocumentJsonSchema,
  flowDocumentSchema,
  flowIdSchema,
} from './flow/schema.ts';
export type { FlowPlan } from './graph/plan.ts';
export type { Problem } from './graph/problem.ts';
export { type Json, type JsonObject, isJsonObject, jsonSchema, toJson } from './json.ts';
export {
  type ExecutionInfo,
  type CredentialSlot,
  type NodeContext,
  type NodeCredential,
  type NodeDefinition,
  type NodeMigration,
  type NodeRegistry,
  type NodeOutput,
  type NodeResult,
  type NodeWait,
  type Resumption,
  type WaitRequest,
  type StepLog,
  type StepLogEntry,
  type WebhookResponse,
  createNodeRegistry,
} from './node-contract.ts';
export { createLiveNodeRegistry, type LiveNodeRegistry } from './live-node-registry.ts';
export {
  type Clock,
  type CodeLogEntry,
  type CodeRequest,
  type CodeResult,
  type CodeSandbox,
  type CredentialRequest,
  type CredentialsPort,
  type EnginePorts,
  type EventPort,
  type EventToPublish,
  type PublishedEvent,
  type HttpPort,
  type HttpRequest,
  type HttpResponse,
  type Logger,
  type LogLevel,
  type RateLimitPort,
  type ResolvedCredential,
  silentLogger,
  systemClock,
  unavailableCode,
  unavailableEvents,
  unavailableFlows,
  type ChildFlowOutcome,
  type ChildFlowRequest,
  type FlowStarter,
  type StartedChildFlow,
  type DeliveryOutcome,
  type DeliveryPort,
  type DeliveryRequest,
  type QueuedDelivery,
  unavailableDeliveries,
} from './ports.ts';
export { type Deadline, startDeadline } from './run/deadline.ts';
export { type ExecuteRequest, ExecutionStoppedError } from './run/execute.ts';
export { REDACTED, redactJson, redactText, secretSpellings } from './run/redact.ts';
export type { ExecutionFailure, ExecutionResult, ExecutionStatus, PendingWait, ResumedWait, StepRecord, StepStatus } from './run/records.ts';
