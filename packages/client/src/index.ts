export {
  createFulfillmentClient,
  type FulfillmentClient,
  type FulfillmentClientOptions,
  type ListAllOptions,
  type RequestOptions,
  type TransitionOptions,
  type TransitionResult,
} from "./client";
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  FulfillmentApiError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  TransitionOutcomeUnknownError,
  ValidationError,
} from "./errors";
export {
  createResponseValidation,
  type ResponseDrift,
  type ResponseValidationError,
  type ResponseValidationOptions,
} from "./response-validation";
export type { RetryOptions } from "./retry";
export { type ExternalIdPatch, type ListQuery, SORT_BY, SORT_ORDER } from "./validate";
