export { servicenow, servicenowoauth } from './element';
