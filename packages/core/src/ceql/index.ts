export type {
  CeqlNode,
  CeqlOperator,
  CeqlPredicate,
  CeqlValue,
  Comparison,
  ComparisonOperator,
  InList,
  Logical,
  NullCheck,
} from './ast';
export { isLogical, operatorOf } from './ast';
export { matchesCeql } from './evaluate';
export { parseIsoDate } from './compare';
export { fieldsOf, mapFields } from './fields';
export { MAX_CEQL_DEPTH, MAX_CEQL_LENGTH, parseCeql } from './parser';
export { printCeql } from './print';
export { splitForPushdown, type PushdownSplit } from './split';
export { CeqlSyntaxError } from './syntax-error';
