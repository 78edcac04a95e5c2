import { bundledSizes } from "./bundle-size";

const s = await bundledSizes();
console.log(JSON.stringify(s));
