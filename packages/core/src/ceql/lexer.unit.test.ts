import { isBareIdentifier, isKeyword, isNumberLiteral, tokenize } from './lexer';

describe('tokenize', () => {
  it('splits operators, words, strings and quoted fields with their positions', () => {
    const tokens = tokenize("a-b>=-5 AND `x y`<>'it''s'");
    expect(tokens.map(({ kind, text, position }) => [kind, text, position])).toEqual([
      ['word', 'a-b', 0],
      ['operator', '>=', 3],
      ['word', '-5', 5],
      ['word', 'AND', 8],
      ['quoted-field', 'x y', 12],
      ['operator', '<>', 17],
      ['string', "it's", 19],
      ['end', '', 26],
    ]);
  });

  it('reads exponents as part of one word', () => {
    expect(tokenize('1e-7').map((token) => token.text)).toEqual(['1e-7', '']);
  });

  it('hands unknown characters to the parser as whole code points', () => {
    expect(tokenize('😀 ~')).toMatchObject([
      { kind: 'unknown', text: '😀', position: 0 },
      { kind: 'unknown', text: '~', position: 3 },
      { kind: 'end', position: 4 },
    ]);
  });
});

describe('isKeyword and isBareIdentifier', () => {
  it('treats keywords case-insensitively but only in ASCII', () => {
    expect(['and', 'Or', 'NOT', 'in', 'is', 'Null', 'like', 'true', 'FALSE'].every(isKeyword)).toBe(true);
    expect(isKeyword('ın')).toBe(false);
    expect(isKeyword('andy')).toBe(false);
  });

  it('allows a field without backticks only when it reads back as the same field', () => {
    expect(['a', 'a.b', '$id', '_x', 'a-b', '9lives', 'ın', 'Straße'].every(isBareIdentifier)).toBe(true);
    expect(['', 'and', '-a', 'a b', "it's", 'a`b', 'a(b'].some(isBareIdentifier)).toBe(false);
  });

  it('recognises CEQL number literals only', () => {
    expect(['0', '-1', '1.5', '.5', '5.', '2e-7', '-0'].every(isNumberLiteral)).toBe(true);
    expect(['', '-', '1e+5', '0x10', ' 1', '1,5', 'Infinity', 'NaN'].some(isNumberLiteral)).toBe(false);
  });
});
