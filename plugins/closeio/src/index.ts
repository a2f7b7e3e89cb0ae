export { closeio } from './element';
