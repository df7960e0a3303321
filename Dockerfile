# Production image: the same two steps as the README, baked into an image.
FROM node:20-bookworm-slim
WORKDIR /app
# fonts-noto-cjk: the Chinese glyphs the PDF admission tickets embed.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
VOLUME /data
EXPOSE 3000
CMD ["npm", "run", "serve"]
