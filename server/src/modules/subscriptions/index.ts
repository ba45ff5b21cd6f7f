export { subscriptionReactor } from './subscription.reactor.js';
