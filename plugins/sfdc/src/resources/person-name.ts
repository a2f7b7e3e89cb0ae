/**
 * FirstName and LastName for a hub body. Salesforce's `Name` on people is read-only (it is built
 * from the parts), so a hub `name` without explicit parts is split at its last space: the last
 * word is the LastName, which Salesforce requires, and the rest the FirstName.
 */
export function personName(body: Record<string, unknown>): { FirstName?: unknown; LastName?: unknown } {
  if (body.firstName !== undefined || body.lastName !== undefined) {
    return {
      ...(body.firstName !== undefined ? { FirstName: body.firstName } : {}),
      ...(body.lastName !== undefined ? { LastName: body.lastName } : {}),
    };
  }
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name) return {};
  const space = name.lastIndexOf(' ');
  return space < 0 ? { LastName: name } : { FirstName: name.slice(0, space).trim(), LastName: name.slice(space + 1) };
}
