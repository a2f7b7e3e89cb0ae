import { BadRequestError } from '@junction/core';
import { choiceField } from './choices';

const state = choiceField({ '1': 'New', '2': 'In Progress', '7': 'Closed' });

describe('choiceField', () => {
  it('shows labelled codes by label and any other code as itself', () => {
    expect(state.label('1')).toBe('New');
    expect(state.label('4')).toBe('4');
    expect(state.label('')).toBeUndefined();
  });

  it('writes a label or a numeric code, and refuses anything else naming the choices', () => {
    expect(state.codeToWrite('status', 'In Progress')).toBe('2');
    expect(state.codeToWrite('status', '7')).toBe('7');
    expect(state.codeToWrite('status', '-1')).toBe('-1');
    expect(() => state.codeToWrite('status', 'Pending')).toThrow(BadRequestError);
    expect(() => state.codeToWrite('status', 'Pending')).toThrow("Invalid status 'Pending': expected one of New, In Progress, Closed or a numeric code");
  });

  it('queries only values some stored code shows as', () => {
    expect(state.codeForQuery('Closed')).toBe('7');
    expect(state.codeForQuery('4')).toBe('4');
    expect(state.codeForQuery(4)).toBe('4');
    for (const value of ['1', 1, '04', 4.5, 'closed', true, null]) expect(state.codeForQuery(value)).toBeUndefined();
  });
});
