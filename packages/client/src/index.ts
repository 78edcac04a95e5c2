export { createFulfillmentClient } from "./client";
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  FulfillmentApiError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
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
export type {
  FulfillmentClient,
  FulfillmentClientOptions,
  ListAllOptions,
  RequestOptions,
  TransitionOptions,
  TransitionResult,
} from "./types";
export { type ExternalIdPatch, type ListQuery, SORT_BY, SORT_ORDER } from "./validate";
