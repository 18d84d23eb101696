// Hands bytes the panel fetched (with its bearer token) to the browser as a file download: a plain link to the API
// would carry no token. Loaded as a module from 'self', as the panel's CSP requires.
export async function saveFile(fileName, contentType, streamReference) {
    const buffer = await streamReference.arrayBuffer();
    const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    // The download has started from the object URL; release it once the click has been handled.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
