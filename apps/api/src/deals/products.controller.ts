import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Page, Product, ProductRemoval, ProductsService } from '@crm/core';
import { CurrentActor, RequiresModule } from '../auth/auth.decorators';
import { CreateProductDto, ProductListQueryDto, UpdateProductDto } from './product.dto';

@ApiTags('products')
@ApiBearerAuth()
@RequiresModule('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ProductListQueryDto): Promise<Page<Product>> {
    return this.products.list(actor, query);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateProductDto): Promise<Product> {
    return this.products.create(actor, body);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Product> {
    return this.products.get(actor, id);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: UpdateProductDto,
  ): Promise<Product> {
    return this.products.update(actor, id, body);
  }

  /** A product used on deal lines is deactivated instead; the answer says which happened. */
  @Delete(':id')
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ProductRemoval> {
    return this.products.remove(actor, id);
  }
}
