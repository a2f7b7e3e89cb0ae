import { BadRequestError, type CeqlValue } from '@junction/core';

/**
 * A ServiceNow choice field (`state`, `priority`) that stores numeric codes and that the hub shows
 * by label. Codes without a label (custom states, the legacy incident states 4 and 5) are shown as
 * the code itself, so every stored value has exactly one hub value and back.
 */
export interface ChoiceField {
  /** The stored code as the hub shows it. */
  label(code: string | undefined): string | undefined;
  /** The code to store for a hub value on create or update: a label, or a code given as digits. */
  codeToWrite(field: string, value: string): string;
  /**
   * The code a CEQL value stands for, or undefined when no stored value shows as it: the exact
   * inverse of {@link label}, so `=` and `!=` pushed on the code mean what they mean in memory.
   */
  codeForQuery(value: CeqlValue): string | undefined;
}

// Canonical integers only: `04` would match code 4 at ServiceNow but not the hub value `4`.
const CODE = /^(?:0|-?[1-9]\d*)$/;

/** Builds a {@link ChoiceField} from its documented code → label table. */
export function choiceField(labels: Readonly<Record<string, string>>): ChoiceField {
  const codes = new Map(Object.entries(labels).map(([code, label]) => [label, code]));
  return {
    label: (code) => (code ? (labels[code] ?? code) : undefined),
    codeToWrite: (field, value) => {
      const code = codes.get(value) ?? (CODE.test(value) ? value : undefined);
      if (code === undefined) throw new BadRequestError(`Invalid ${field} '${value}': expected one of ${[...codes.keys()].join(', ')} or a numeric code`);
      return code;
    },
    codeForQuery: (value) => {
      const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
      if (typeof text !== 'string') return undefined;
      const code = codes.get(text);
      if (code !== undefined) return code;
      // A labelled code never shows as its digits, so only codes without a label pass through.
      return CODE.test(text) && labels[text] === undefined ? text : undefined;
    },
  };
}
