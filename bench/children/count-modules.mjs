// Preloaded with `--import` after tsx: reports every module that goes through the ESM loader hooks, on stderr.
import { register } from 'node:module';

register('./count-modules-hooks.mjs', import.meta.url);
