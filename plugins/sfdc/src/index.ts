export { sfdc } from './element';
