"use strict";
// danfojs-node requires "@tensorflow/tfjs-node" only for tensor ops; the shared tfjs serves.
module.exports = require("@tensorflow/tfjs");
