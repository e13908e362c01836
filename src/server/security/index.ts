export { createQueryLimits, maskSuggestions, type QueryLimits, type OperationRequest, type CheckedOperation } from './query-limits';
export { FIELD_COSTS, AWS_FIELD_COST, fleetCostEstimator, fieldCost } from './cost';
export { createRateLimiter, RateLimitedError, type RateLimiter } from './rate-limit';
export { createCorsOptions } from './cors';
export { authenticateHttp, rateLimitHttp, bodyErrorHandler, principalOf, rateLimitKey, isLandingPageRequest } from './http';
export { createWsAuth, type WsAuth } from './ws-auth';
