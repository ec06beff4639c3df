// `node --import ./ts-register.mjs child.ts` runs a TypeScript child.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
