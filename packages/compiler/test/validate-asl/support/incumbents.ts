import aslValidator from 'asl-validator';
import { getLanguageService } from 'amazon-states-language-service';
import { TextDocument } from 'vscode-languageserver-textdocument';

export type Verdict = 'valid' | 'invalid';

/** asl-validator 4 takes parsed JSON: text that does not parse counts as rejected, and a crash too. */
export function aslValidatorVerdict(text: string): Verdict {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  try {
    // It writes QueryLanguage into the states it validates, so give it a copy.
    return aslValidator(structuredClone(definition)).isValid ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

const languageService = getLanguageService({});
const ERROR = 1;

/** AWS's language service 1.16: the definition is invalid when any diagnostic is an error. */
export async function languageServiceVerdict(text: string): Promise<Verdict> {
  return (await languageServiceDiagnostics(text)).length > 0 ? 'invalid' : 'valid';
}

/** The messages of the language service's errors (none: it accepts the definition). */
export async function languageServiceDiagnostics(text: string): Promise<string[]> {
  const document = TextDocument.create('file:///definition.asl.json', 'json', 1, text);
  const diagnostics = await languageService.doValidation(document, languageService.parseJSONDocument(document));
  return diagnostics.filter((d) => d.severity === ERROR).map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}
