/**
 * ServiceNow encoded queries (`sysparm_query`) as the simulator evaluates them: `^` AND, `^OR`
 * (binding only the conditions either side of it, so tighter than `^`), `^NQ` (a new query OR-ed
 * with the previous ones), `ORDERBY<col>` / `ORDERBYDESC<col>`, and the operators
 * `= != < > <= >= IN NOT IN LIKE NOT LIKE STARTSWITH ENDSWITH ISEMPTY ISNOTEMPTY`.
 * https://www.servicenow.com/docs/r/platform-user-interface/r_OpAvailableFiltersQueries.html
 *
 * Like an instance with default settings, conditions it cannot read (unknown operators or
 * columns) are ignored rather than refused.
 */

/** How a column compares. `user_roles` is `sys_user.roles`: a set of role names. */
export type ServiceNowColumnType = 'string' | 'reference' | 'integer' | 'boolean' | 'glide_date_time' | 'user_roles' | 'journal_input';

export interface EncodedCondition {
  column: string;
  operator: string;
  value: string;
}

/** `groups` are OR-ed (`^NQ`); each group's terms are AND-ed; each term's conditions are OR-ed. */
export interface EncodedQuery {
  groups: EncodedCondition[][][];
  orderBy: { column: string; descending: boolean }[];
}

const CONDITION = /^([a-z0-9_.]+)(NOT IN|NOT LIKE|ISNOTEMPTY|ISEMPTY|STARTSWITH|ENDSWITH|LIKE|IN|!=|>=|<=|=|>|<)(.*)$/s;

/** Parses an encoded query; conditions that do not parse are dropped, as ServiceNow ignores invalid parts. */
export function parseEncodedQuery(text: string): EncodedQuery {
  const orderBy: EncodedQuery['orderBy'] = [];
  const groups = text.split('^NQ').map((group) => {
    const terms: EncodedCondition[][] = [];
    for (const part of group.split('^')) {
      if (part.startsWith('ORDERBYDESC')) orderBy.push({ column: part.slice('ORDERBYDESC'.length), descending: true });
      else if (part.startsWith('ORDERBY')) orderBy.push({ column: part.slice('ORDERBY'.length), descending: false });
      else if (part.startsWith('OR') && terms.length > 0) {
        const condition = parseCondition(part.slice(2));
        if (condition) terms[terms.length - 1].push(condition);
      } else {
        const condition = parseCondition(part);
        if (condition) terms.push([condition]);
      }
    }
    return terms;
  });
  return { groups, orderBy };
}

function parseCondition(text: string): EncodedCondition | undefined {
  const match = CONDITION.exec(text);
  return match ? { column: match[1], operator: match[2], value: match[3] } : undefined;
}

/** Whether a record (actual values, empty string for none) meets the query. */
export function matchesEncodedQuery(query: EncodedQuery, record: Readonly<Record<string, string>>, columns: Readonly<Record<string, ServiceNowColumnType>>): boolean {
  return query.groups.some((group) =>
    group.every((term) => {
      // A condition on a column the table does not have is ignored, as an invalid part of a query.
      const known = term.filter((condition) => Object.hasOwn(columns, condition.column));
      return known.length === 0 || known.some((condition) => matchesCondition(condition, record[condition.column] ?? '', columns[condition.column]));
    }),
  );
}

/**
 * Text compares case-insensitively, as on the database most instances run on. The docs call
 * values case-sensitive; an element has to be right either way.
 */
function same(stored: string, wanted: string, type: ServiceNowColumnType): boolean {
  if (type === 'integer' && stored !== '' && wanted !== '') return Number(stored) === Number(wanted);
  return stored.toLowerCase() === wanted.toLowerCase();
}

function roles(stored: string): string[] {
  return stored
    .split(',')
    .map((role) => role.trim().toLowerCase())
    .filter(Boolean);
}

function matchesCondition({ operator, value }: EncodedCondition, stored: string, type: ServiceNowColumnType): boolean {
  const lower = stored.toLowerCase();
  const wanted = value.toLowerCase();
  const list = value.split(',');
  const isOneOf = type === 'user_roles' ? list.some((v) => roles(stored).includes(v.trim().toLowerCase())) : list.some((v) => same(stored, v, type));
  switch (operator) {
    case 'ISEMPTY':
      return stored === '';
    case 'ISNOTEMPTY':
      return stored !== '';
    case '=':
      if (value === '') return stored === '';
      return type === 'user_roles' ? roles(stored).includes(wanted) : same(stored, value, type);
    case '!=':
      // "is not" matches only fields holding another value, except on true/false fields.
      if (type === 'user_roles') return !roles(stored).includes(wanted);
      return (stored !== '' || type === 'boolean') && !same(stored, value, type);
    case 'IN':
      return isOneOf;
    case 'NOT IN':
      return stored !== '' && !isOneOf;
    case 'LIKE':
      return lower.includes(wanted);
    case 'NOT LIKE':
      return !lower.includes(wanted);
    case 'STARTSWITH':
      return lower.startsWith(wanted);
    case 'ENDSWITH':
      return lower.endsWith(wanted);
    default: {
      if (stored === '') return false;
      const order = compareValues(stored, value, type);
      return operator === '<' ? order < 0 : operator === '>' ? order > 0 : operator === '<=' ? order <= 0 : order >= 0;
    }
  }
}

/** Orders two stored values of a column: numbers numerically, date-times and text as text, empty first. */
export function compareValues(left: string, right: string, type: ServiceNowColumnType): number {
  if (left === right) return 0;
  if (left === '') return -1;
  if (right === '') return 1;
  if (type === 'integer') return Number(left) - Number(right);
  const a = type === 'glide_date_time' ? left : left.toLowerCase();
  const b = type === 'glide_date_time' ? right : right.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}
