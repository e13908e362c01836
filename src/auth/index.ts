export { ROLES, isRole, type Role } from './roles';
export { ANONYMOUS_PRINCIPAL, hasRole, principalSummary, type Principal } from './principal';
export { UnauthenticatedError, ForbiddenError } from './errors';
export { API_KEY_PREFIX, generateApiKey, hashApiKey, findApiKey, type ApiKeyEntry } from './api-keys';
export { createJwtVerifier, rolesFromClaims, type JwtVerifier } from './jwt';
export { createAuthenticator, type Authenticator, type Credentials } from './authenticator';
export { createAuthChecker, authChecker, type AuthContext } from './auth-checker';
export * from './policy';
export { WS_CLOSE_FORBIDDEN, credentialsFromHeaders, credentialsFromConnectionParams } from './credentials';
