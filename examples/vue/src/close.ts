import 'twitter-connect/callback.js';
