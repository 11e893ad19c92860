// The centred card the login, register and password pages sit in.
import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingBlock: 8 }}>
      <Card style={{ width: '100%', maxWidth: 440 }} styles={{ body: { padding: 20 } }}>
        <Typography.Title level={3} style={{ marginTop: 0, textAlign: 'center' }}>
          {title}
        </Typography.Title>
        {children}
      </Card>
    </div>
  );
}
