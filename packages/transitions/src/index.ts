export { type BodyValidation, validateTransitionBody } from "./body";
export {
  allowedActions,
  assertTransition,
  checkCustomerDeliveryRequest,
  checkTransition,
  isTerminal,
  nextStatus,
  type OrderFacts,
  type TransitionCheck,
  TransitionError,
} from "./check";
export {
  ACTIVATION_DATE_ACTION,
  CUSTOMER_DELIVERY_REQUEST,
  CUSTOMER_ONLY_STATUSES,
  INBOUND_TRANSACTION_TYPES,
  OUTBOUND_TRANSACTION_TYPES,
  TERMINAL_STATUSES,
  TRANSITIONS,
  type TransitionGuard,
  type TransitionRule,
} from "./flow";
export { toMermaid } from "./mermaid";
export { type PathPlan, type PlanAwaitsCustomer, type PlanReached, type PlanRefusal, planPath } from "./plan";
export {
  nextProviderStep,
  PROVIDER_WORK,
  type ProviderStep,
  type ProviderWait,
  providerRoute,
} from "./policy";
export type { RefusalCode } from "./refusal";
