# Rack entry point: `puma config.ru` or `bin/rails server` start the app here.
require_relative "config/environment"

run Rails.application
