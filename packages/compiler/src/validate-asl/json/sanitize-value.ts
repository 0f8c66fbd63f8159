import { finding, type Finding } from '../finding.js';
import { joinPointer } from './json-pointer.js';
import { MAX_JSON_DEPTH } from './parse-text.js';

/**
 * Copies an already-parsed definition into plain JSON data, so later stages never meet cycles, getters,
 * class instances or values JSON cannot hold. Problems become findings instead of exceptions.
 */
export function sanitizeDefinition(input: unknown): { value: unknown; findings: Finding[] } {
  const findings: Finding[] = [];
  const ancestors = new Set<object>();
  let tooDeepReported = false;

  const bad = (pointer: string, what: string): null => {
    if (findings.length < 20) {
      findings.push(
        finding('INVALID_JSON_DESCRIPTION', {
          message: `The value at ${pointer || 'the root'} is ${what}, which JSON cannot represent.`,
          pointer,
          hint: 'Pass plain JSON data: objects, arrays, strings, finite numbers, booleans and null.',
        }),
      );
    }
    return null;
  };

  const copy = (value: unknown, pointer: string, depth: number): unknown => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return Number.isFinite(value) ? value : bad(pointer, String(value));
      case 'undefined':
        return bad(pointer, 'undefined');
      case 'bigint':
        return bad(pointer, 'a bigint');
      case 'function':
        return bad(pointer, 'a function');
      case 'symbol':
        return bad(pointer, 'a symbol');
    }
    if (value === null) return null;
    const object = value as object;
    if (depth >= MAX_JSON_DEPTH) {
      if (!tooDeepReported) {
        tooDeepReported = true;
        findings.push(
          finding('TOO_DEEPLY_NESTED', {
            message: `The definition is nested more than ${MAX_JSON_DEPTH} levels deep.`,
            pointer,
            hint: 'No real state machine nests this deeply; check for generated or corrupted input.',
          }),
        );
      }
      return null;
    }
    if (ancestors.has(object)) return bad(pointer, 'a reference back to one of its own ancestors (a cycle)');
    ancestors.add(object);
    try {
      if (Array.isArray(object)) {
        const out: unknown[] = [];
        for (let i = 0; i < object.length; i++) out.push(copy(object[i], joinPointer(pointer, i), depth + 1));
        return out;
      }
      const prototype = Object.getPrototypeOf(object) as unknown;
      if (prototype !== Object.prototype && prototype !== null) return bad(pointer, 'not a plain object');
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(object)) {
        const child = (object as Record<string, unknown>)[key];
        // JSON.stringify drops undefined properties too; builders often leave optional fields undefined.
        if (child === undefined) continue;
        Object.defineProperty(out, key, {
          value: copy(child, joinPointer(pointer, key), depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    } catch (error) {
      return bad(pointer, `unreadable (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      ancestors.delete(object);
    }
  };

  return { value: copy(input, '', 0), findings };
}
