import '@waygate/health-react/styles.css';

export const metadata = { title: 'Waygate Health in Next.js' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
