export { classifyAddress, checkAddress, embeddedIPv4, parseAllowList, isAllowListed, type AllowList, type Verdict } from './ssrf.ranges.js';
export { OutboundError, parseOutboundUrl, resolveOutboundTarget, sendOutbound, type OutboundErrorKind, type OutboundRequest, type OutboundResponse, type Resolver } from './ssrf.http.js';
