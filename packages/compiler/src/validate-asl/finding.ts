import type { Severity } from '../diagnostics/diagnostic.js';
import { ASL_CODES, type AslCode } from './asl-codes.js';

/** A rule's raw result: located by JSON pointer; the entry point adds line:column and the file. */
export interface Finding {
  readonly code: AslCode;
  readonly severity: Severity;
  readonly message: string;
  readonly pointer: string;
  readonly hint: string;
  /** Point at the property name instead of its value (unknown fields, state names). */
  readonly target?: 'key' | 'value';
  /** Exact source offset, for findings made before a pointer exists (parse errors, duplicate keys). */
  readonly offset?: number;
  readonly related?: readonly { readonly message: string; readonly pointer: string; readonly target?: 'key' | 'value' }[];
}

export interface FindingInit {
  readonly message: string;
  readonly pointer: string;
  readonly hint?: string;
  readonly severity?: Severity;
  readonly target?: 'key' | 'value';
  readonly offset?: number;
  readonly related?: Finding['related'];
}

export function finding(code: AslCode, init: FindingInit): Finding {
  return {
    code,
    severity: init.severity ?? ASL_CODES[code].severity,
    message: init.message,
    pointer: init.pointer,
    hint: init.hint ?? ASL_CODES[code].help,
    ...(init.target ? { target: init.target } : {}),
    ...(init.offset !== undefined ? { offset: init.offset } : {}),
    ...(init.related ? { related: init.related } : {}),
  };
}
