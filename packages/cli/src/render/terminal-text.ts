/** Terminal escaping lives in the compiler so every package that prints definition text (deploy plans too) shares it. */
export { MAX_SHOWN, terminalSafe } from '@agentflow/compiler/reporting';
