import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

/** `DateTime` (RFC 3339) for every Date field, as the API contract names it. */
export const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;
export const scalarsMap = [{ type: Date, scalar: DateTimeScalar }];
