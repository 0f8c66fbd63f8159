declare const __AGENTFLOW_BUNDLE__: boolean | undefined;

/** True in the shipped bin (dist/), where scripts/build-cli.ts defines the constant; false running from src/. */
export const BUNDLED: boolean = typeof __AGENTFLOW_BUNDLE__ !== 'undefined' && __AGENTFLOW_BUNDLE__;
