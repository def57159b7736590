console.log('waygate-health');
