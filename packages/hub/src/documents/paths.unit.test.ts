import { BadRequestError } from '@junction/core';
import { bodyPath, documentPath } from './paths';
import { contentDisposition } from './present';

const refusal = (value: unknown) => {
  try {
    documentPath(value, 'path');
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
};

describe('documentPath', () => {
  it('accepts absolute, normalized paths and drops one trailing slash', () => {
    expect(documentPath('/', 'path')).toBe('/');
    expect(documentPath('/Reports/2024 Q1.pdf', 'path')).toBe('/Reports/2024 Q1.pdf');
    expect(documentPath('/Résumé 日本/', 'path')).toBe('/Résumé 日本');
    expect(documentPath('/a/..b/c..', 'path')).toBe('/a/..b/c..');
  });

  it('refuses what could escape or confuse a folder, saying why', () => {
    expect(refusal(undefined)).toBe("Missing required parameter 'path': an absolute path such as /folder/file.txt");
    expect(refusal('')).toContain('Missing required parameter');
    expect(refusal(['/a', '/b'])).toBe("Parameter 'path' must be given once, as text");
    expect(refusal('docs/a.txt')).toContain("must be an absolute path starting with '/'");
    expect(refusal('/docs/../etc/passwd')).toContain("must not contain '.' or '..' segments");
    expect(refusal('/docs/./a.txt')).toContain("'.' or '..'");
    expect(refusal('/..')).toContain("'.' or '..'");
    expect(refusal('/docs//a.txt')).toContain('empty segment');
    expect(refusal('//')).toContain('empty segment');
    expect(refusal('/a\u0000b')).toContain('control characters');
    expect(refusal('/a\nb')).toContain('control characters');
    expect(refusal(`/${'x'.repeat(256)}`)).toContain('longer than 255 bytes');
    expect(refusal(`/${'é'.repeat(128)}`)).toContain('longer than 255 bytes');
    expect(refusal(`/${'a/'.repeat(2100)}a`)).toContain('longer than 4096 characters');
  });

  it('reads a destination from a JSON body', () => {
    expect(bodyPath({ path: '/To/here' })).toBe('/To/here');
    expect(bodyPath({})).toBeUndefined();
    expect(bodyPath(undefined)).toBeUndefined();
    expect(() => bodyPath(['/a'])).toThrow('must be a JSON object');
    expect(() => bodyPath({ path: '../x' })).toThrow(BadRequestError);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact name per RFC 5987', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('Résumé 日本.txt')).toBe(`attachment; filename="R_sum_ __.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.txt`);
    expect(contentDisposition(`a "quoted" \\ 100%'s (copy)*.txt`)).toBe(
      `attachment; filename="a _quoted_ _ 100_'s (copy)*.txt"; filename*=UTF-8''a%20%22quoted%22%20%5C%20100%25%27s%20%28copy%29%2A.txt`,
    );
  });
});
