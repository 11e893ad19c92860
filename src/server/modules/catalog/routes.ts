import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  productDetail,
  productListQuery,
  productPage,
  shopList,
} from '../../../contracts/catalog.js';
import type { Deps } from '../../deps.js';
import { sendError } from '../../platform/http/errors.js';
import { placeholderSvg } from './placeholder-image.js';
import { createCatalogService } from './service.js';

const tags = ['catalog'];

export function catalogRoutes(deps: Deps): FastifyPluginAsyncZod {
  const catalog = createCatalogService(deps.database.db);
  return async (app) => {
    app.get('/shops', { schema: { tags, response: { 200: shopList } } }, async () => ({
      items: (await catalog.listShops()).map((s) => ({ id: s.id, name: s.name, nameEn: s.nameEn })),
    }));
    app.get(
      '/products',
      { schema: { tags, querystring: productListQuery, response: { 200: productPage } } },
      async (req) => catalog.listProducts(req.query),
    );
    app.get(
      '/products/:id',
      {
        schema: {
          tags,
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: productDetail },
        },
      },
      async (req) => catalog.getProduct(req.params.id),
    );
  };
}

/** Generated product pictures, outside the API prefix so <img> tags can cache them. */
export function imageRoutes(deps: Deps): FastifyPluginAsyncZod {
  const catalog = createCatalogService(deps.database.db);
  return async (app) => {
    app.get(
      '/img/products/:file',
      { schema: { hide: true, params: z.object({ file: z.string().regex(/^\d{1,12}\.svg$/) }) } },
      async (req, reply) => {
        const image = await catalog.productImage(Number.parseInt(req.params.file, 10));
        if (!image) return sendError(req, reply, 'NOT_FOUND');
        return reply
          .type('image/svg+xml')
          .header('cache-control', 'public, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .send(placeholderSvg(image.title, image.hue));
      },
    );
  };
}
