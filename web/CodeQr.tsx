/** The booking code as a QR code, drawn as one SVG path; the encoder (qrcode-generator) loads only when a confirmation is shown. */
import { useEffect, useState } from 'preact/hooks';

export function CodeQr(props: { code: string; label: string }) {
  const [qr, setQr] = useState<{ size: number; path: string } | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode-generator').then(({ default: qrcode }) => {
      const q = qrcode(0, 'M');
      q.addData(props.code);
      q.make();
      const size = q.getModuleCount();
      let path = '';
      for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (q.isDark(r, c)) path += `M${c} ${r}h1v1h-1z`;
      if (live) setQr({ size, path });
    });
    return () => {
      live = false;
    };
  }, [props.code]);
  if (!qr) return null;
  // A four-module quiet zone, as scanners expect.
  return (
    <svg class="qr" role="img" aria-label={props.label} viewBox={`-4 -4 ${qr.size + 8} ${qr.size + 8}`} width="200" height="200" shape-rendering="crispEdges">
      <rect x="-4" y="-4" width={qr.size + 8} height={qr.size + 8} fill="#fff" />
      <path d={qr.path} fill="#000" />
    </svg>
  );
}
