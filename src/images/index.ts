export { imageUri, ImageUriError, type ImageFramework, type ImageUriOption, type ImageUriOptions } from "./image-uri.js";
export { IMAGE_URI_SOURCE, type ImageScopes, type ImageVersions } from "./image-uri-data.js";
