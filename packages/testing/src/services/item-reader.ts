import { ERR, StatesError } from '../engine/errors.js';
import type { Frame } from '../engine/frame.js';
import type { MemoryS3 } from './memory-s3.js';

/**
 * Distributed Map `ItemReader` against the in-memory S3 (developer guide, "input-output-itemreader"):
 * `s3:getObject` with InputType JSON (an array), JSONL or CSV (first row as header, or CSVHeaders), and
 * `s3:listObjectsV2` (one item per object); `ReaderConfig.MaxItems` cuts the list. A missing or malformed object
 * is `States.ItemReaderFailed`.
 */
export async function readMapItems(s3: MemoryS3, stateName: string, reader: { Resource: string; ReaderConfig?: Record<string, unknown> }, args: unknown, _frame: Frame): Promise<unknown[]> {
  const a = (args ?? {}) as Record<string, unknown>;
  const bucket = String(a['Bucket']);
  const config = reader.ReaderConfig ?? {};
  const maxItems = typeof config['MaxItems'] === 'number' && config['MaxItems'] > 0 ? config['MaxItems'] : Infinity;
  let items: unknown[];
  try {
    if (reader.Resource.endsWith(':s3:listObjectsV2')) {
      const prefix = `s3://${bucket}/${String(a['Prefix'] ?? '')}`;
      items = [...s3.objects.entries()]
        .filter(([uri]) => uri.startsWith(prefix))
        .map(([uri, body]) => ({ Key: uri.slice(`s3://${bucket}/`.length), Size: Buffer.byteLength(body), StorageClass: 'STANDARD' }));
    } else {
      items = parseObject(s3.getText(bucket, String(a['Key']), ERR.ItemReaderFailed), String(config['InputType'] ?? 'JSON'), config);
    }
  } catch (error) {
    const detail = error instanceof StatesError ? (error.causeText ?? '') : error instanceof Error ? error.message : String(error);
    throw new StatesError(ERR.ItemReaderFailed, `ItemReader of '${stateName}': ${detail}`);
  }
  return items.slice(0, maxItems);
}

function parseObject(text: string, type: string, config: Record<string, unknown>): unknown[] {
  if (type === 'JSON') {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) throw new StatesError(ERR.ItemReaderFailed, 'The JSON object read is not an array.');
    return value;
  }
  if (type === 'JSONL') return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  if (type === 'CSV') {
    const delimiter = config['CSVDelimiter'] === 'SEMICOLON' ? ';' : config['CSVDelimiter'] === 'TAB' ? '\t' : config['CSVDelimiter'] === 'PIPE' ? '|' : config['CSVDelimiter'] === 'SPACE' ? ' ' : ',';
    const rows = text.split(/\r?\n/).filter((line) => line !== '').map((line) => splitCsv(line, delimiter));
    const headers = config['CSVHeaderLocation'] === 'GIVEN' ? (config['CSVHeaders'] as string[]) : (rows.shift() ?? []);
    return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ''])));
  }
  throw new StatesError(ERR.ItemReaderFailed, `InputType ${type} is not simulated.`);
}

/** One CSV line: fields may be double-quoted, with `""` for a quote inside. */
function splitCsv(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}
