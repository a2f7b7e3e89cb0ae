export { hubspot } from './element';
