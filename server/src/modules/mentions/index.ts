export { mentionReactor } from './mention.reactor.js';
export { mentionedNames } from './mention.parse.js';
