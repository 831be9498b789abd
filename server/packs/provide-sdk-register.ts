// Loaded with `node --import` by `weft pack test`, so a pack's own tests import the SDK as Weft does.
import { provideSdkToPacks } from './provide-sdk.ts';

provideSdkToPacks();
