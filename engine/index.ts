export { createEngine, type Engine, type EngineOptions, type Validation } from './engine.ts';
export {
  AuthError,
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
  flowDocumentJsonSchema,
  flowDocumentSchema,
  flowIdSchema,
} from './flow/schema.ts';
export type { FlowPlan } from './graph/plan.ts';
export type { Problem } from './graph/problem.ts';
export { type Json, type JsonObject, isJsonObject, jsonSchema, toJson } from './json.ts';
export {
  type ExecutionInfo,
  type NodeContext,
  type NodeDefinition,
  type NodeRegistry,
  type NodeResult,
  type StepLog,
  type StepLogEntry,
  type WebhookResponse,
  createNodeRegistry,
} from './node-contract.ts';
export {
  type Clock,
  type EnginePorts,
  type HttpPort,
  type HttpRequest,
  type HttpResponse,
  type Logger,
  type LogLevel,
  silentLogger,
  systemClock,
} from './ports.ts';
export type { ExecuteRequest } from './run/execute.ts';
export type { ExecutionFailure, ExecutionResult, ExecutionStatus, StepRecord, StepStatus } from './run/records.ts';
