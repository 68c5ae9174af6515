// The use cases' view of a request: deps, the caller and the route's authorization.
import type { RouteContext } from '../route.js';
import type { Caller } from '../use-cases/common.js';

export const callerOf = <P, Q, B>(ctx: RouteContext<P, Q, B>): Caller => ({
  deps: ctx.deps,
  principal: ctx.principal,
  authorize: ctx.authorize,
});
